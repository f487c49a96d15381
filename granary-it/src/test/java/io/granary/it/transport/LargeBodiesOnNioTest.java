package io.granary.it.transport;

import io.granary.it.support.GranaryServerExtension;
import io.granary.platform.TransportKind;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LargeBodiesTest} on the NIO transport. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeBodiesOnNioTest extends LargeBodiesTest {
    @RegisterExtension
    static final GranaryServerExtension granary = GranaryServerExtension.withTransport(TransportKind.NIO);

    LargeBodiesOnNioTest() {
        super(granary, TransportKind.NIO);
    }
}
