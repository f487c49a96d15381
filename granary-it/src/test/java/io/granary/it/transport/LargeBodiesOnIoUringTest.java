package io.granary.it.transport;

import io.granary.it.support.GranaryServerExtension;
import io.granary.platform.TransportKind;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LargeBodiesTest} on the IO_URING transport. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeBodiesOnIoUringTest extends LargeBodiesTest {
    @RegisterExtension
    static final GranaryServerExtension granary = GranaryServerExtension.withTransport(TransportKind.IO_URING);

    LargeBodiesOnIoUringTest() {
        super(granary, TransportKind.IO_URING);
    }
}
