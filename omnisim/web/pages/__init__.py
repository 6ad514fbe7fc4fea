"""omnisim/web/pages"""
