/*
 * libwbxml in-process throughput, the C baseline for bench/codec-bench.ts.
 *
 *   wbxml_bench <xml-bundle> <wbxml-bundle-out>
 *
 * A bundle is a sequence of records: 4-byte little-endian length, then that many bytes. The harness converts every
 * XML record to WBXML 1.3 with a string table (wbxml_conv_xml2wbxml_withlen, as `xml2wbxml` does), writes those WBXML
 * records to <wbxml-bundle-out> (the TypeScript bench decodes exactly these bytes), then converts every WBXML record
 * back to XML (wbxml_conv_wbxml2xml_withlen, compact). Reading and writing files is outside the timed loops.
 * Output, one line per direction:  C <direction> docs=<N> seconds=<S> docs_per_s=<R>
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wbxml/wbxml.h>

typedef struct {
	unsigned char **data;
	unsigned long *length;
	size_t count;
} Bundle;

static double now_seconds(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what) {
	fprintf(stderr, "wbxml_bench: %s\n", what);
	exit(1);
}

static Bundle read_bundle(const char *path) {
	FILE *file = fopen(path, "rb");
	if (!file) die("cannot open the XML bundle");
	fseek(file, 0, SEEK_END);
	long size = ftell(file);
	fseek(file, 0, SEEK_SET);
	unsigned char *all = malloc((size_t)size);
	if (!all || fread(all, 1, (size_t)size, file) != (size_t)size) die("cannot read the XML bundle");
	fclose(file);

	Bundle bundle = {0};
	size_t capacity = 1024;
	bundle.data = malloc(capacity * sizeof *bundle.data);
	bundle.length = malloc(capacity * sizeof *bundle.length);
	long at = 0;
	while (at + 4 <= size) {
		uint32_t n = (uint32_t)all[at] | (uint32_t)all[at + 1] << 8 | (uint32_t)all[at + 2] << 16 | (uint32_t)all[at + 3] << 24;
		at += 4;
		if (at + (long)n > size) die("bundle record runs past the end");
		if (bundle.count == capacity) {
			capacity *= 2;
			bundle.data = realloc(bundle.data, capacity * sizeof *bundle.data);
			bundle.length = realloc(bundle.length, capacity * sizeof *bundle.length);
		}
		/* xml2wbxml hands expat a NUL-terminated copy; give each record its own terminated buffer. */
		bundle.data[bundle.count] = malloc(n + 1);
		memcpy(bundle.data[bundle.count], all + at, n);
		bundle.data[bundle.count][n] = 0;
		bundle.length[bundle.count] = n;
		bundle.count++;
		at += n;
	}
	free(all);
	return bundle;
}

int main(int argc, char **argv) {
	if (argc != 3) die("usage: wbxml_bench <xml-bundle> <wbxml-bundle-out>");
	Bundle xml = read_bundle(argv[1]);
	unsigned char **wbxml = malloc(xml.count * sizeof *wbxml);
	unsigned long *wbxml_length = malloc(xml.count * sizeof *wbxml_length);

	WBXMLGenWBXMLParams encode_params = {WBXML_VERSION_13, FALSE, TRUE, FALSE};
	double start = now_seconds();
	for (size_t i = 0; i < xml.count; i++) {
		WB_ULONG length = 0;
		WBXMLError rc = wbxml_conv_xml2wbxml_withlen(xml.data[i], xml.length[i], &wbxml[i], &length, &encode_params);
		if (rc != WBXML_OK) {
			fprintf(stderr, "record %zu: %s\n", i, (const char *)wbxml_errors_string(rc));
			die("xml2wbxml failed");
		}
		wbxml_length[i] = length;
	}
	double encode_seconds = now_seconds() - start;

	FILE *out = fopen(argv[2], "wb");
	if (!out) die("cannot write the WBXML bundle");
	for (size_t i = 0; i < xml.count; i++) {
		unsigned char prefix[4] = {wbxml_length[i] & 0xff, (wbxml_length[i] >> 8) & 0xff, (wbxml_length[i] >> 16) & 0xff,
		                           (wbxml_length[i] >> 24) & 0xff};
		fwrite(prefix, 1, 4, out);
		fwrite(wbxml[i], 1, wbxml_length[i], out);
	}
	fclose(out);

	WBXMLGenXMLParams decode_params = {WBXML_GEN_XML_COMPACT, WBXML_LANG_UNKNOWN, WBXML_CHARSET_UNKNOWN, 0, FALSE};
	start = now_seconds();
	for (size_t i = 0; i < xml.count; i++) {
		WB_UTINY *text = NULL;
		WB_ULONG length = 0;
		WBXMLError rc = wbxml_conv_wbxml2xml_withlen(wbxml[i], wbxml_length[i], &text, &length, &decode_params);
		if (rc != WBXML_OK) {
			fprintf(stderr, "record %zu: %s\n", i, (const char *)wbxml_errors_string(rc));
			die("wbxml2xml failed");
		}
		free(text);
	}
	double decode_seconds = now_seconds() - start;

	printf("C xml2wbxml docs=%zu seconds=%.3f docs_per_s=%.0f\n", xml.count, encode_seconds, xml.count / encode_seconds);
	printf("C wbxml2xml docs=%zu seconds=%.3f docs_per_s=%.0f\n", xml.count, decode_seconds, xml.count / decode_seconds);
	return 0;
}
