-- The test tier uses a database of its own beside the main one.
CREATE DATABASE hub_test OWNER hub;
