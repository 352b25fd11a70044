package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.console.auth.Role;
import dcmon.console.auth.Users;
import dcmon.console.dashboard.Colours;
import dcmon.console.http.ConsoleApp;
import dcmon.console.names.Names;
import dcmon.console.scorecard.PointsPublisher;
import dcmon.core.registry.Enterprise;
import dcmon.stack.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The exports and scorecard pages in headless Chromium: a city office sees its cut of the files, the province the
 * files as written and enters a unit's points, a city reads them without a form; no script or CSP error. Skipped
 * without a Chromium and chromedriver on the PATH.
 */
class ExportsBrowserTest extends PostgresTestBase {
    /** Long: an Argon2 login and a first cut take seconds on a busy machine. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path tmp;

    private static EmbeddedKafka kafka;
    private static PointsPublisher publisher;
    private static ConsoleApp app;
    private static int port;
    private static Enterprise yichang;
    private ConsoleBrowser page;
    private ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Path exports = tmp.resolve("exports");
        List<Enterprise> units = ExportApiTest.writeMarch(exports.resolve("monthly/2026-03/r1"));
        yichang = units.stream()
                .filter(e -> e.city().equals("420500"))
                .min((a, b) -> a.code().compareTo(b.code()))
                .orElseThrow();
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"), 0);
        publisher = new PointsPublisher(kafka.bootstrapServers(), Map.of());
        Names names = DashboardTestBase.hubeiNames();
        Users users = new Users(db);
        users.add("test", "prov", Role.PROVINCE, null, null, PASSWORD);
        users.add("test", "yichang", Role.CITY, "420500", null, PASSWORD);
        app = ConsoleApp.start(
                db,
                null,
                null,
                null,
                Colours.defaults(),
                () -> names,
                publisher,
                ConsoleSettings.defaults().withExports(exports),
                "127.0.0.1",
                0);
        port = app.port();
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (publisher != null) publisher.close();
        if (kafka != null) kafka.close();
    }

    @BeforeEach
    void openBrowser() {
        page = ConsoleBrowser.open(port, WAIT);
        browser = page.driver;
    }

    @AfterEach
    void closeBrowser() {
        if (page != null) page.close();
    }

    @Test
    void aCityOfficeSeesItsCutAndReadsPointsWithoutAForm() {
        page.login("yichang", PASSWORD);
        // the home page is shown asynchronously after the login; a click before it would be overridden by it
        page.waitFor(() -> page.visible("dashboard-view"));
        page.waitFor(() -> browser.findElement(By.cssSelector("#nav [data-view=exports-view]"))
                .isDisplayed());
        browser.findElement(By.cssSelector("#nav [data-view=exports-view]")).click();
        page.waitFor(() -> page.rows("ex-files") > 1);
        assertThat(browser.findElement(By.id("exports-view")).isDisplayed()).isTrue();
        assertThat((String) browser.executeScript("return document.getElementById('ex-note').textContent"))
                .isEqualTo("节选：city:420500 的行，取自全省文件；校验值为节选文件的校验值。");
        List<String> links = browser.findElements(By.cssSelector("#ex-files tbody a")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(links).contains("assessment-2026-03-city-420500.xlsx", "units.csv", "manifest.json");
        assertThat(links).doesNotContain("assessment-2026-03-province.xlsx");
        assertThat(browser.findElement(By.cssSelector("#ex-files tbody a")).getAttribute("href"))
                .contains("/api/exports/monthly/2026-03/r1/");

        browser.findElement(By.cssSelector("#nav [data-view=scorecard-view]")).click();
        page.waitFor(() -> page.rows("sc-points") > 0);
        assertThat(browser.findElements(By.cssSelector("#sc-points input"))).isEmpty();
        assertThat(browser.findElement(By.id("sc-note")).getText()).contains("只读");
        assertThat(page.consoleErrors()).isEmpty();
    }

    @Test
    void theProvinceSeesTheFilesAsWrittenAndEntersAUnitsPoints() {
        page.login("prov", PASSWORD);
        // the home page is shown asynchronously after the login; a click before it would be overridden by it
        page.waitFor(() -> page.visible("dashboard-view"));
        page.waitFor(() -> browser.findElement(By.cssSelector("#nav [data-view=exports-view]"))
                .isDisplayed());
        browser.findElement(By.cssSelector("#nav [data-view=exports-view]")).click();
        page.waitFor(() -> page.rows("ex-files") > 1);
        assertThat(browser.findElements(By.linkText("assessment-2026-03-province.xlsx")))
                .hasSize(1);

        browser.findElement(By.cssSelector("#nav [data-view=scorecard-view]")).click();
        String rowSelector = "#sc-points tr[data-enterprise='" + yichang.code() + "']";
        page.waitFor(() -> !browser.findElements(By.cssSelector(rowSelector)).isEmpty());
        WebElement row = browser.findElement(By.cssSelector(rowSelector));
        row.findElement(By.cssSelector("input[type=number]")).sendKeys("42.5");
        row.findElement(By.cssSelector("button")).click();
        page.waitFor(() -> browser.findElement(By.id("sc-status")).getText().contains("42.5"));
        assertThat(browser.findElement(By.id("sc-status")).getText()).isEqualTo("已保存 " + yichang.code() + "：42.5 分");
        assertThat(browser.findElement(By.cssSelector(rowSelector + " input[type=number]"))
                        .getAttribute("value"))
                .isEqualTo("42.5");
        assertThat(count("SELECT count(*) FROM qualitative_point_changes WHERE enterprise = ?", yichang.code()))
                .isEqualTo(1);
        assertThat(page.consoleErrors()).isEmpty();
    }
}
