"""omnisim/web/socket"""
