package io.granary.it.clients;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.ToolRunner;
import io.granary.it.support.Tools;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs src/test/python/boto3_scenario.py (the boto3 scenario, with its own asserts) against the server and turns
 * each line it prints ("ok - x", "FAIL - x: why", "skip - x: why") into a test result.
 */
class Boto3Test {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    @TempDir
    Path tmp;

    @TestFactory
    List<DynamicTest> boto3Scenario() throws Exception {
        Path python = Tools.require("python3", Tools.onPath("python3"));
        ToolRunner.Result probe = new ToolRunner().timeout(Duration.ofSeconds(60))
                .run(python.toString(), "-c", "import boto3, botocore; print(boto3.__version__)");
        if (!probe.ok()) {
            Tools.absent("python3 has no boto3 (" + probe.stderr().strip() + ")");
        }
        Path script = Path.of(System.getProperty("granary.it.pythonDir", "src/test/python"), "boto3_scenario.py");
        Assertions.assertTrue(Files.isRegularFile(script), "missing " + script.toAbsolutePath());
        Path config = Files.writeString(tmp.resolve("aws-config"), "[default]\nregion = us-east-1\n");
        Path creds = Files.writeString(tmp.resolve("aws-credentials"), "");

        ToolRunner.Result r = new ToolRunner()
                .env("AWS_ACCESS_KEY_ID", GranaryServerExtension.USER)
                .env("AWS_SECRET_ACCESS_KEY", GranaryServerExtension.PASSWORD)
                .env("AWS_DEFAULT_REGION", "us-east-1")
                .env("AWS_CONFIG_FILE", config.toString())
                .env("AWS_SHARED_CREDENTIALS_FILE", creds.toString())
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("PYTHONUNBUFFERED", "1")
                .timeout(Duration.ofMinutes(6))
                .run(python.toString(), script.toAbsolutePath().toString(), "--endpoint", granary.endpoint().toString(),
                        "--work-dir", tmp.resolve("work").toString());
        System.out.println("[boto3] " + r.describe());

        List<DynamicTest> tests = new ArrayList<>();
        for (String line : r.stdout().lines().toList()) {
            if (line.startsWith("ok - ")) {
                tests.add(DynamicTest.dynamicTest(line.substring(5), () -> { }));
            } else if (line.startsWith("FAIL - ")) {
                String rest = line.substring(7);
                int colon = rest.indexOf(": ");
                String name = colon > 0 ? rest.substring(0, colon) : rest;
                tests.add(DynamicTest.dynamicTest(name, () -> Assertions.fail("boto3: " + rest)));
            } else if (line.startsWith("skip - ")) {
                String rest = line.substring(7);
                tests.add(DynamicTest.dynamicTest(rest, () -> Assumptions.abort(rest)));
            }
        }
        tests.add(DynamicTest.dynamicTest("boto3_scenario.py exits 0", () -> {
            if (!r.ok()) {
                Assertions.fail("boto3 scenario failed: " + r.describe());
            }
        }));
        return tests;
    }
}
