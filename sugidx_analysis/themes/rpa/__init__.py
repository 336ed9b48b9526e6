"""RPA / AI-OCR — its schemas; the evaluation is still to come."""
