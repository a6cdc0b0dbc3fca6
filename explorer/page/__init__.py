"""The page: its layout, the controls column and small reusable components."""
