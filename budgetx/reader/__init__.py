"""Reading a PDF: words and rules of each page (OCR where there is no text layer), the
tables located by their titles, ruled grids, and the aligner that turns a table region's
words into header blocks and body cells."""
