process.env.IMAGEHIVE_TEST_DB = 'postgres';
