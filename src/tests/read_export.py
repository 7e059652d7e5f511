"""Reads an exported file the way a spreadsheet user's tools would and
prints its rows as JSON: `read_export.py csv FILE` with Python's csv module,
`read_export.py xlsx FILE` with openpyxl. The integration tests compare the
rows with what the page shows."""

import csv
import json
import sys


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle)]


def read_xlsx(path):
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(list(row))
    return {"sheet": sheet.title, "rows": rows}


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    result = read_csv(path) if kind == "csv" else read_xlsx(path)
    json.dump(result, sys.stdout)
