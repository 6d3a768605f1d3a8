"""Importing customers, contacts and deals from CSV or XLSX (数据迁移：清洗后分批导入), split by concept:

reading (encodings, workbooks) → mapping (headers, en + zh) → normalising (cells) → validating (row errors) →
deduplicating (against what the importer may see, and within the file) → planning (create / merge / reject) →
applying (batched, resumable) → report (en + zh). Nothing here knows about the command line.
"""
