package dcmon.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium on the console's pages, with the login, lookups and waits the browser tests share. Opening one
 * skips the test (an assumption) without a Chromium and chromedriver on the PATH.
 */
final class ConsoleBrowser implements AutoCloseable {
    final ChromeDriver driver;
    private final int port;
    private final Duration wait;

    private ConsoleBrowser(ChromeDriver driver, int port, Duration wait) {
        this.driver = driver;
        this.port = port;
        this.wait = wait;
    }

    /** @param wait how long {@link #waitFor} waits: an Argon2 login takes seconds on a busy machine */
    static ConsoleBrowser open(int port, Duration wait) {
        Optional<Path> chromium = onPath("chromium").or(() -> onPath("chromium-browser"));
        Optional<Path> chromedriver = onPath("chromedriver");
        assumeTrue(chromium.isPresent() && chromedriver.isPresent(), "needs chromium and chromedriver on the PATH");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .build();
        return new ConsoleBrowser(new ChromeDriver(service, options), port, wait);
    }

    void login(String name, String password) {
        driver.get("http://127.0.0.1:" + port + "/");
        waitFor(() -> visible("login-view"));
        driver.findElement(By.cssSelector("#login-form input[name=name]")).sendKeys(name);
        driver.findElement(By.cssSelector("#login-form input[name=password]")).sendKeys(password);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    boolean visible(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    int rows(String tableId) {
        return driver.findElements(By.cssSelector("#" + tableId + " tbody tr")).size();
    }

    /** Warnings and errors of the page's console, without failed resource loads. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                // answers like 401 to /api/me before the login, or 503 of dashboards without InfluxDB, are expected;
                // script and CSP errors are not
                .filter(message -> !message.contains("Failed to load resource"))
                .toList();
    }

    /** Waits for the condition; on timeout says which view shows what, and the page's console errors. */
    void waitFor(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try {
                if (condition.getAsBoolean()) return;
            } catch (RuntimeException notYet) {
                // the page is still changing
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out on "
                        + driver.executeScript("const s = document.querySelector('main > section:not([hidden])');"
                                + " return (s ? s.id : 'no view') + ': ' + (s ? s.innerText.slice(0, 300) : '')")
                        + "; browser log: " + consoleErrors());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, executable))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
