"""The default Word templates, their fields (context.py), the renderer (render.py) and the lint."""
