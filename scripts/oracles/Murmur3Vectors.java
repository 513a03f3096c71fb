// Test-vector oracle: prints Murmur3Partitioner tokens computed by Cassandra's own jar for
// deterministic pseudo-random keys of every length 0..80 (several per length) as JSON lines.
// Run: java -cp "$HOME/.cache/cassandra-rx/cassandra-5.0.6/lib/*" scripts/oracles/Murmur3Vectors.java
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.cassandra.dht.Murmur3Partitioner;

public class Murmur3Vectors {
    public static void main(String[] args) {
        Random r = new Random(20261122L);
        StringBuilder out = new StringBuilder("[\n");
        boolean first = true;
        for (int len = 0; len <= 80; len++) {
            for (int n = 0; n < 6; n++) {
                byte[] key = new byte[len];
                r.nextBytes(key);
                if (n == 1) java.util.Arrays.fill(key, (byte) 0xff);
                if (n == 2) java.util.Arrays.fill(key, (byte) 0x7f);
                long token = (Long) Murmur3Partitioner.instance.getToken(ByteBuffer.wrap(key)).getTokenValue();
                StringBuilder hex = new StringBuilder();
                for (byte b : key) hex.append(String.format("%02x", b));
                out.append(first ? "" : ",\n").append("[\"").append(hex).append("\",\"").append(token).append("\"]");
                first = false;
            }
        }
        System.out.println(out.append("\n]"));
    }
}
