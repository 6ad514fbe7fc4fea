"""omnisim/web"""
