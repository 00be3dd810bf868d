process.env.IMAGEHIVE_TEST_DB = 'pglite';
