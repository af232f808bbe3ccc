/*
 * json.h - a strict, bounded JSON reader (RFC 8259) for lto-safe's reports.
 *
 * json_parse() reads n bytes (not NUL-terminated) into a tree.  It accepts
 * exactly one JSON value with white space around it and nothing else: no
 * comments, no trailing commas, no NaN, no duplicate keys in an object, no
 * control characters or invalid UTF-8 in strings, no lone surrogates, no
 * "\u0000" (strings are C strings).  It is bounded: at most JSON_DEPTH_MAX
 * nested arrays and objects (the recursion depth) and JSON_NODES_MAX values
 * in all; the caller bounds the input size.  Any input, whatever its bytes,
 * gives either a tree or -EINVAL with a message "line L, column C: WHAT"
 * in err (errlen bytes, always NUL-terminated).
 *
 * With JSON_BYTE_ESCAPES, "\u0080" to "\u00ff" stand for the byte itself
 * rather than the character: that is how report_json_string() writes bytes
 * that are not UTF-8, so names read back byte for byte.
 *
 * The tree owns every string and child; json_release() frees it and leaves
 * a JSON_NULL.  Numbers keep their literal text (str); strings their
 * decoded bytes (str, len).
 */
#ifndef LTO_SAFE_JSON_H
#define LTO_SAFE_JSON_H

#include <stddef.h>

#define JSON_DEPTH_MAX 32
#define JSON_NODES_MAX 4000000

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

enum json_flags { JSON_BYTE_ESCAPES = 1 };

struct json {
	enum json_type type;
	char *str;         /* JSON_STRING: decoded text; JSON_NUMBER: the literal */
	size_t len;        /* length of str */
	struct json *v;    /* JSON_ARRAY: the elements; JSON_OBJECT: the values */
	char **keys;       /* JSON_OBJECT: the keys, parallel to v */
	size_t nr;         /* elements or members */
	size_t line, col;  /* where the value starts (1-based) */
};

int json_parse(const char *buf, size_t n, unsigned flags, struct json *out, char *err, size_t errlen);
void json_release(struct json *j);

/* the member key of an object, or NULL (also when obj is not an object) */
const struct json *json_get(const struct json *obj, const char *key);
/* "null", "string", "array", ... for messages */
const char *json_type_name(enum json_type t);

#endif
