print("velo-bench: not yet written")
