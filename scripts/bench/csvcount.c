/* The floor a CSV reader is measured against: libcsv counting the fields and records of a file,
 * nothing decoded, typed or kept. Compiled by scripts/bench-speed.py. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long fields, records;

static void on_field(void *cell, size_t length, void *data) { (void)cell; (void)length; (void)data; fields++; }
static void on_record(int end, void *data) { (void)end; (void)data; records++; }

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: csvcount FILE\n"); return 2; }
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 1; }
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_APPEND_NULL) != 0) return 1;
    static char buffer[1 << 20];
    size_t read;
    while ((read = fread(buffer, 1, sizeof buffer, file)) > 0) {
        if (csv_parse(&parser, buffer, read, on_field, on_record, NULL) != read) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&parser)));
            return 1;
        }
    }
    csv_fini(&parser, on_field, on_record, NULL);
    csv_free(&parser);
    fclose(file);
    printf("%lu records, %lu fields\n", records, fields);
    return 0;
}
