"""Speed machinery with nothing of the domain in it: the same results as the
plain standard-library way (zlib.crc32 of each slice, zipfile), made fast
for a corpus of tens of thousands of speeches. Each module's tests compare
it with the plain way."""
