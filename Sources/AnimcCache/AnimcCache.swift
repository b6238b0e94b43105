// AnimcCache
