package io.granary.it.support;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness itself: missing-tool policy and the process runner. */
class ToolsTest {

    @Test
    void missingToolIsSkippedLocallyButFailsInCi() {
        assertThatThrownBy(() -> Tools.absent("frobnicator is not installed", false))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("frobnicator");
        assertThatThrownBy(() -> Tools.absent("frobnicator is not installed", true))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("CI is set");
    }

    @Test
    void presentToolIsReturned() {
        assertThat(Tools.onPath("sh")).isPresent();
        assertThat(Tools.onPath("surely-no-such-tool-exists-here")).isEmpty();
        assertThat(Tools.at("/surely/not/here")).isEqualTo(Optional.empty());
    }

    @Test
    void runnerCapturesOutputExitCodeAndTimesOut() {
        var ok = new ToolRunner().env("GREETING", "hi").run("sh", "-c", "echo $GREETING; echo oops >&2; exit 3");
        assertThat(ok.exitCode()).isEqualTo(3);
        assertThat(ok.stdout()).isEqualTo("hi\n");
        assertThat(ok.stderr()).isEqualTo("oops\n");
        assertThat(ok.ok()).isFalse();
        var slow = new ToolRunner().timeout(Duration.ofMillis(300)).run("sh", "-c", "sleep 30");
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.took()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void runnerDropsTheCaBundleVariable() {
        var r = new ToolRunner().run("sh", "-c", "echo \"[${AWS_CA_BUNDLE:-unset}]\"");
        assertThat(r.stdout().strip()).isEqualTo("[unset]");
    }

    @Test
    void ownCrc64NvmeMatchesTheCheckValue() {
        assertThat(TestData.crc64nvme("123456789".getBytes())).isEqualTo(0xae8b14860a799888L);
        assertThat(TestData.multipartEtag(java.util.List.of(new byte[0])))
                .isEqualTo("\"59adb24ef3cdbe0297f05b395827453f-1\"");
    }
}
