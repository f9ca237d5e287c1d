"""notes stage."""
