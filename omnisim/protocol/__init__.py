"""omnisim/protocol"""
