"""omnisim/projection"""
