/* libFuzzer harness: saved reports (lib/json, lib/report). */
#include "json.h"
#include "report.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct json j;
	if (json_parse((const char *)data, size, JSON_BYTE_ESCAPES, &j, err, sizeof(err)) == 0)
		json_release(&j);
	struct report rep;
	if (report_parse((const char *)data, size, &rep, err, sizeof(err)) == 0) {
		FILE *f = fopen("/dev/null", "w");
		if (f) {
			report_write_json(f, &rep);
			report_print(f, &rep, REPORT_TSV);
			fclose(f);
		}
		report_release(&rep);
	}
	return 0;
}
