"""omnisim/live"""
