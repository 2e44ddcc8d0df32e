"""Gate passes: item release and visitor passes (issue 15)."""
