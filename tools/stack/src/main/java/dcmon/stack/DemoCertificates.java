package dcmon.stack;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one demo and a server certificate it signed for {@code 127.0.0.1} and
 * {@code localhost}, as PEM files for Mosquitto's TLS listener ({@code cafile}, {@code certfile}, {@code keyfile})
 * and for the clients that must trust it ({@code --mqtt-ca}). Made once per directory and reused while the files are
 * there. Production uses certificates from the site's own CA instead (docs/integration.md).
 *
 * @param ca the CA certificate clients trust
 * @param serverCert the broker's certificate
 * @param serverKey the broker's private key (0600)
 */
public record DemoCertificates(Path ca, Path serverCert, Path serverKey) {
    public static final String CA_FILE = "ca.pem";
    public static final String CA_KEY_FILE = "ca.key";
    public static final String SERVER_CERT_FILE = "server.pem";
    public static final String SERVER_KEY_FILE = "server.key";

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Within the 825 days clients such as browsers and recent TLS stacks accept for a server certificate. */
    private static final Duration SERVER_VALIDITY = Duration.ofDays(825);
    /** RSA rather than EC: the widest support among gateways' TLS stacks. */
    private static final int RSA_BITS = 2048;

    private static final String SIGNATURE = "SHA256withRSA";

    /** The demo's CA and server certificate in {@code dir}: the files there if complete, else new ones. */
    public static DemoCertificates ensure(Path dir) throws IOException {
        DemoCertificates files =
                new DemoCertificates(dir.resolve(CA_FILE), dir.resolve(SERVER_CERT_FILE), dir.resolve(SERVER_KEY_FILE));
        if (Files.exists(files.ca) && Files.exists(files.serverCert) && Files.exists(files.serverKey)) return files;
        return create(dir, "dcmon demo CA");
    }

    /** A new CA (its name given) and server certificate in {@code dir}, replacing any there. */
    public static DemoCertificates create(Path dir, String caName) throws IOException {
        Files.createDirectories(dir);
        try {
            KeyPair caKeys = newKeyPair();
            X500Name caSubject = new X500Name("CN=" + caName + ",O=dcmon");
            X509Certificate ca = caCertificate(caSubject, caKeys);
            KeyPair serverKeys = newKeyPair();
            X509Certificate server = serverCertificate(caSubject, caKeys, ca, serverKeys);
            DemoCertificates files = new DemoCertificates(
                    dir.resolve(CA_FILE), dir.resolve(SERVER_CERT_FILE), dir.resolve(SERVER_KEY_FILE));
            Files.writeString(files.ca, pem(ca));
            Files.writeString(files.serverCert, pem(server));
            MqttAccounts.writePrivate(files.serverKey, pem(serverKeys.getPrivate()));
            // kept beside it so that a site can sign another server certificate with the same demo CA
            MqttAccounts.writePrivate(dir.resolve(CA_KEY_FILE), pem(caKeys.getPrivate()));
            return files;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the demo's TLS certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate caCertificate(X500Name subject, KeyPair keys)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                subject,
                serial(),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(CA_VALIDITY)),
                subject,
                keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(b, keys.getPrivate());
    }

    private static X509Certificate serverCertificate(
            X500Name caSubject, KeyPair caKeys, X509Certificate ca, KeyPair keys)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                caSubject,
                serial(),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(SERVER_VALIDITY)),
                new X500Name("CN=localhost,O=dcmon"),
                keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        // clients check the host they dialled against these names
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, Ports.LOOPBACK), new GeneralName(GeneralName.dNSName, "localhost")
        }));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(b, caKeys.getPrivate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(RSA_BITS, new SecureRandom());
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
