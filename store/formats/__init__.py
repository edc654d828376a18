"""Import and export formats: each module turns stored documents into another tool's format, or back."""
