package dcmon.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS client sockets that trust exactly the CA certificates of one PEM file (a broker's {@code cafile}), not the
 * JVM's public roots: a broker certificate from any other CA fails the handshake. Plain JDK, shared by the bridge,
 * the simulator and the command line so that all of them read {@code --mqtt-ca} alike.
 */
public final class TrustedCa {
    private TrustedCa() {}

    /**
     * A socket factory for {@code ssl://} MQTT connections trusting the certificates in {@code pemFile}.
     *
     * @throws IllegalArgumentException naming the file when it is missing or holds no certificate
     */
    public static SSLSocketFactory socketFactory(Path pemFile) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(pemFile)) trust.setCertificateEntry("ca-" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("CA file " + pemFile + ": " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path pemFile)
            throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(pemFile)) throw new IOException("no such file");
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new IOException("holds no PEM certificate");
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("not a PEM certificate file (" + e.getMessage() + ")", e);
        }
    }
}
