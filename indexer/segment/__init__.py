"""Segmentation of report text and queries with jieba's algorithm and xxgk's user dictionary."""
