package io.granary.server.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenAddressTest {
    @Test
    void parsesTheUsualForms() {
        assertThat(ListenAddress.parse(":9000").getPort()).isEqualTo(9000);
        assertThat(ListenAddress.parse(":9000").getAddress().isAnyLocalAddress()).isTrue();
        assertThat(ListenAddress.parse("127.0.0.1:0").getAddress().isLoopbackAddress()).isTrue();
        assertThat(ListenAddress.parse("[::1]:9001").getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> ListenAddress.parse("9000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListenAddress.parse(":x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListenAddress.parse(":70000")).isInstanceOf(IllegalArgumentException.class);
    }
}
