"""omnisim/cli"""
