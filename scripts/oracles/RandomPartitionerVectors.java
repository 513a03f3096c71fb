// Test-vector oracle: RandomPartitioner tokens computed by Cassandra's own jar for deterministic
// pseudo-random keys of lengths 0..40, as JSON [hexKey, token] pairs.
// Run: java -cp "$HOME/.cache/cassandra-rx/cassandra-5.0.6/lib/*" scripts/oracles/RandomPartitionerVectors.java
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.cassandra.dht.RandomPartitioner;

public class RandomPartitionerVectors {
    public static void main(String[] args) {
        Random r = new Random(7L);
        StringBuilder out = new StringBuilder("[\n");
        boolean first = true;
        for (int len = 0; len <= 40; len++) {
            for (int n = 0; n < 3; n++) {
                byte[] key = new byte[len];
                r.nextBytes(key);
                Object token = RandomPartitioner.instance.getToken(ByteBuffer.wrap(key)).getTokenValue();
                StringBuilder hex = new StringBuilder();
                for (byte b : key) hex.append(String.format("%02x", b));
                out.append(first ? "" : ",\n").append("[\"").append(hex).append("\",\"").append(token).append("\"]");
                first = false;
            }
        }
        System.out.println(out.append("\n]"));
    }
}
