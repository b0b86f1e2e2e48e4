"""Files in and out: where the bot opens, reads and writes the files the programme office handles.

The rules for what a file says are plain Python in `programme/` (a plan table's rows and values,
the decisions log's rows, formula-safe cells), tested without a file; this package opens the file,
reads its format (CSV, XLSX, YAML) into the rows those rules take, and writes exports owner-only
through the one formula-safe writer.

    spreadsheets.py   the formula-safe, owner-only CSV and XLSX writer every export uses
    tables.py         a CSV file or an XLSX workbook read into `programme.planfile.Table`s
    plan_formats.py   plan files (CSV, XLSX, YAML) read into a PlanFile and written back; the default plan
    plan_io.py        `dfbot plan import|export|load-default`: a plan file into and out of the database
    decisions_log.py  `dfbot decisions import|export`: the DLG's decisions log into and out of the database
"""
