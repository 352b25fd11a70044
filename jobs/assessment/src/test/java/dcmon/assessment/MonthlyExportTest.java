package dcmon.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.stack.InfluxdServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-demand export against a real influxd holding known rows for two units and their regions. */
class MonthlyExportTest {

    static final String PAPER = "91420581MA46UG4644"; // 宜昌, 千家
    static final String CARS = "91420113MA4TCN8U47"; // 武汉, 万家
    static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));

    /** After the month: the figures are final. */
    static final Clock APRIL =
            Clock.fixed(LocalDateTime.of(2026, 4, 5, 2, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    /** Within the month: provisional. */
    static final Clock MID_MARCH =
            Clock.fixed(LocalDateTime.of(2026, 3, 20, 2, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    @TempDir
    static Path dataDir;

    static InfluxdServer influxd;
    static Path registry;

    @TempDir
    Path out;

    @BeforeAll
    static void startInfluxd() throws Exception {
        influxd = InfluxdServer.start(dataDir.resolve("influxd"), 0);
        registry = Files.createDirectories(dataDir.resolve("registry"));
        try (var in = MonthlyExportTest.class.getResourceAsStream("/registry.yaml")) {
            Files.write(registry.resolve("units.yaml"), in.readAllBytes());
        }
        post("/query", "q=" + URLEncoder.encode("CREATE DATABASE dcmon", StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String paperTags = ",enterprise=" + PAPER + ",city=420500,tier=thousand,industry=C22";
        String carTags = ",enterprise=" + CARS + ",city=420100,tier=ten-thousand,industry=C36";
        lines.add("enterprise_usage" + paperTags + ",period=month tce=40000,tce_policy=39000 " + day(2026, 1, 1));
        lines.add("enterprise_usage" + paperTags + ",period=month tce=42000,tce_policy=41000 " + day(2026, 2, 1));
        lines.add("enterprise_usage" + paperTags
                + ",period=month tce=45000.5,tce_equal_value=52000.25,tce_policy=44000,tco2=120000,output_paper=140000,"
                + "estimated=false " + day(2026, 3, 1));
        lines.add("enterprise_usage" + paperTags + ",period=month tce=1000 " + day(2026, 4, 1));
        lines.add("enterprise_usage" + carTags
                + ",period=month tce=6500,tce_equal_value=8000,tce_policy=6500,tco2=17000,output_vehicle=50000,"
                + "estimated=true " + day(2026, 3, 1));
        lines.add("region_usage,level=city,region=420500,period=month tce=45000.5,tce_equal_value=52000.25,"
                + "tce_policy=44000,tco2=120000 " + day(2026, 3, 1));
        lines.add("region_usage,level=province,region=420000,period=month tce=51500.5,tce_equal_value=60000.25,"
                + "tce_policy=50500,tco2=137000 " + day(2026, 3, 1));
        String progress = "enterprise_progress" + paperTags + ",year=2026 ";
        lines.add(progress + "ytd_tce=1,cap_tce=667000 " + day(2026, 3, 30));
        lines.add(progress + "cap_basis=\"gbt2589\",ytd_tce=127500.5,ytd_tce_policy=124000,ytd_tce_equal_value=150000,"
                + "ytd_tco2=340000,ytd_cap_basis_tce=127500.5,cap_tce=667000,completion_pct=19.115,time_pct=24.6575,"
                + "pace_gap_pp=-5.5425,projected_tce=520000,projected_pct=77.96,energy_change_vs_base_tce=-1200,"
                + "co2_cap_t=1600000,co2_completion_pct=21.25,co2_projected_t=1300000,co2_projected_pct=81.25 "
                + day(2026, 3, 31));
        lines.add(progress + "ytd_tce=999999,cap_tce=667000 " + day(2026, 4, 2));
        lines.add("enterprise_progress,enterprise=" + PAPER + ",year=2026,product=paper ytd_output=400000,"
                + "mtd_output=140000,ytd_kgce_per_unit=317,mtd_kgce_per_unit=321.4,target_kgce_per_unit=329.6,"
                + "target_gap_pct=-3.82,base_year=2015,base_kgce_per_unit=320,change_vs_base_pct=-0.9375,"
                + "energy_change_vs_base_tce=-1200,ytd_kgco2_per_unit=850,co2_target_kgco2_per_unit=870,"
                + "co2_target_gap_pct=-2.3 " + day(2026, 3, 31));
        lines.add("region_progress,level=province,region=420000,year=2026 ytd_tce=134000.5,cap_tce=752900,"
                + "completion_pct=17.8,time_pct=24.6575,projected_tce=600000,projected_pct=79.7 " + day(2026, 3, 31));
        // a pace alert raised in February, raised to warning in March: open at the month's end
        lines.add("alerts,rule=total.pace,severity=watch" + alertTags(PAPER, "420500", "thousand")
                + " id=\"a1\",seq=1i,event=\"raised\",state=\"active\",period=\"2026\",value=6,threshold=5,"
                + "message_zh=\"进度超前\",message_en=\"ahead\" " + (day(2026, 2, 10) + 3_600_000));
        lines.add("alerts,rule=total.pace,severity=warning" + alertTags(PAPER, "420500", "thousand")
                + " id=\"a1\",seq=2i,event=\"updated\",state=\"active\",period=\"2026\",value=11,threshold=10,"
                + "message_zh=\"进度超前较多\",message_en=\"well ahead\" " + (day(2026, 3, 5) + 3_600_000));
        // a gateway offline and back within March: listed, not open
        lines.add("alerts,rule=gateway.offline,severity=warning" + alertTags(CARS, "420100", "ten-thousand")
                + ",gateway=GW01 id=\"b1\",seq=1i,event=\"raised\",state=\"active\",period=\"2026-03-10\",value=2,"
                + "threshold=1,message_zh=\"网关离线\",message_en=\"gateway offline\" " + (day(2026, 3, 10) + 7_200_000));
        lines.add("alerts,rule=gateway.offline,severity=warning" + alertTags(CARS, "420100", "ten-thousand")
                + ",gateway=GW01 id=\"b1\",seq=2i,event=\"cleared\",state=\"cleared\",period=\"2026-03-10\",value=0,"
                + "threshold=1,message_zh=\"网关恢复\",message_en=\"gateway back\" " + (day(2026, 3, 10) + 9_000_000));
        // a region alert of 宜昌
        lines.add("alerts,rule=region.projection,severity=watch,level=city,region=420500 id=\"c1\",seq=1i,"
                + "event=\"raised\",state=\"active\",period=\"2026\",value=96,threshold=95,message_zh=\"预计接近上限\","
                + "message_en=\"projected near cap\" " + day(2026, 3, 20));
        // April: after the month
        lines.add("alerts,rule=total.breach,severity=breach" + alertTags(CARS, "420100", "ten-thousand")
                + " id=\"d1\",seq=1i,event=\"raised\",state=\"active\",period=\"2026\",value=101,threshold=100,"
                + "message_zh=\"超上限\",message_en=\"over cap\" " + day(2026, 4, 3));
        // data quality: two days of the paper mill's gateway in March, one in February and one in April left out
        String paperGw = "data_quality,enterprise=" + PAPER + ",gateway=GW01,city=420500,tier=thousand,period=day ";
        lines.add(paperGw + "expected=192i,covered=100i,received=100i,rejected=0i,rejected_messages=0i "
                + day(2026, 2, 28));
        lines.add(paperGw + "expected=192i,covered=180i,completeness_pct=93.75,received=200i,rejected=3i,"
                + "rejected_messages=1i,rejected_conflict=2i,rejected_unknown_point=1i " + day(2026, 3, 1));
        lines.add(paperGw + "expected=192i,covered=192i,completeness_pct=100,received=190i,rejected=0i,"
                + "rejected_messages=0i " + day(2026, 3, 2));
        lines.add(paperGw + "expected=192i,covered=0i,received=0i,rejected=0i,rejected_messages=0i " + day(2026, 4, 1));
        // the car plant's gateway: online before March, silent on the 10th from 00:30 (flagged at 02:00) to 02:30,
        // and gone from 22:00 on the 31st (its Last Will seen at 23:00)
        String carGw = "gateway_status,enterprise=" + CARS + ",gateway=GW01,city=420100,tier=ten-thousand ";
        lines.add(
                carGw + "connection=\"online\",online=true,silent=false,alert=false " + (day(2026, 2, 28) + 3_600_000));
        lines.add(carGw + "connection=\"online\",online=true,silent=true,alert=false,cause=\"silent\","
                + "last_data=\"2026-03-10T00:30:00+08:00\" " + (day(2026, 3, 10) + 7_200_000));
        lines.add(
                carGw + "connection=\"online\",online=true,silent=false,alert=false " + (day(2026, 3, 10) + 9_000_000));
        lines.add(carGw + "connection=\"offline\",online=false,silent=false,alert=false,cause=\"lost\","
                + "connection_since=\"2026-03-31T22:00:00+08:00\" " + (day(2026, 4, 1) - 3_600_000));
        lines.add(carGw + "connection=\"online\",online=true,silent=false,alert=false " + day(2026, 4, 2));
        post("/write?db=dcmon&precision=ms", String.join("\n", lines));
    }

    @AfterAll
    static void stopInfluxd() {
        if (influxd != null) influxd.close();
    }

    @Test
    void provinceWorkbookHasTheKnownFiguresWithChineseHeadings() throws Exception {
        MonthlyExport.Result r = export("2026-03", null, null, APRIL, null);
        assertThat(r.dir()).isEqualTo(out.resolve("2026-03"));
        assertThat(r.assessment().provisional()).isFalse();
        assertThat(r.assessment().asOf()).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(names(r.dir()))
                .containsExactly(
                        "about.csv",
                        "alerts.csv",
                        "assessment-2026-03-province.xlsx",
                        "data_quality.csv",
                        "manifest.json",
                        "products.csv",
                        "summary_by_division.csv",
                        "summary_by_tier.csv",
                        "tier_ten_thousand.csv",
                        "tier_thousand.csv",
                        "units.csv");

        try (XSSFWorkbook wb = workbook(r.dir().resolve("assessment-2026-03-province.xlsx"))) {
            assertThat(sheetNames(wb))
                    .containsExactly("说明", "汇总-按梯队", "汇总-按市州", "千家", "万家(按市州)", "单位月度及累计", "产品单耗", "本月预警", "数据质量");
            assertThat(wb.getProperties().getCoreProperties().getCreator()).isEqualTo("dcmon");

            Sheet units = wb.getSheet("单位月度及累计");
            assertThat(units.getRow(0).getCell(0).getStringCellValue())
                    .isEqualTo("湖北省重点用能单位能耗双控月度考核 2026年3月 · 重点用能单位本月及本年累计（湖北省）");
            assertThat(units.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 2);
            assertThat(units.getPaneInformation().getVerticalSplitPosition()).isEqualTo((short) 2);
            assertThat(headings(units))
                    .startsWith(
                            "统一社会信用代码",
                            "单位名称",
                            "市州代码",
                            "市州",
                            "梯队",
                            "行业代码",
                            "本月综合能耗当量值(吨标准煤)",
                            "本月综合能耗等价值(吨标准煤)",
                            "本月能耗政策口径(吨标准煤)",
                            "本月二氧化碳排放(吨)",
                            "本年累计综合能耗当量值(吨标准煤)");
            Map<String, Cell> paper = row(units, PAPER);
            assertThat(paper.get("单位名称").getStringCellValue()).isEqualTo("宜昌夷陵纸业有限公司");
            assertThat(paper.get("市州").getStringCellValue()).isEqualTo("宜昌市");
            assertThat(paper.get("梯队").getStringCellValue()).isEqualTo("千家");
            assertThat(paper.get("本月综合能耗当量值(吨标准煤)").getNumericCellValue()).isEqualTo(45000.5);
            assertThat(paper.get("本月综合能耗当量值(吨标准煤)").getCellStyle().getDataFormatString())
                    .isEqualTo("#,##0.00");
            assertThat(paper.get("本月综合能耗等价值(吨标准煤)").getNumericCellValue()).isEqualTo(52000.25);
            assertThat(paper.get("本月能耗政策口径(吨标准煤)").getNumericCellValue()).isEqualTo(44000);
            assertThat(paper.get("本年累计综合能耗当量值(吨标准煤)").getNumericCellValue()).isEqualTo(127500.5);
            assertThat(paper.get("能耗总量上限(吨标准煤)").getNumericCellValue()).isEqualTo(667000);
            assertThat(paper.get("完成率(%)").getNumericCellValue()).isEqualTo(19.115);
            assertThat(paper.get("完成率(%)").getCellStyle().getDataFormatString()).isEqualTo("0.00");
            assertThat(paper.get("时间进度(%)").getNumericCellValue()).isEqualTo(24.6575);
            assertThat(paper.get("年末预测(吨标准煤)").getNumericCellValue()).isEqualTo(520000);
            assertThat(paper.get("节能量(吨标准煤,负值为节约)").getNumericCellValue()).isEqualTo(-1200);
            assertThat(paper.get("节能量含义").getStringCellValue()).isEqualTo("节约");
            assertThat(paper.get("未解除预警(条)").getNumericCellValue()).isEqualTo(1);
            assertThat(paper.get("晴雨表").getStringCellValue()).isEqualTo("黄色");
            assertThat(paper.get("进度数据日期").getStringCellValue()).isEqualTo("2026-03-31");
            assertThat(paper.get("临时数据").getStringCellValue()).isEqualTo("否");

            // no progress rows: the year to date is the sum of the month rows, the cap the registry's
            Map<String, Cell> cars = row(units, CARS);
            assertThat(cars.get("梯队").getStringCellValue()).isEqualTo("万家");
            assertThat(cars.get("本年累计综合能耗当量值(吨标准煤)").getNumericCellValue()).isEqualTo(6500);
            assertThat(cars.get("能耗总量上限(吨标准煤)").getNumericCellValue()).isEqualTo(85900);
            assertThat(cars.get("完成率(%)").getNumericCellValue()).isCloseTo(6500 / 85900.0 * 100, within(1e-12));
            assertThat(cars.get("时间进度(%)").getCellType()).isEqualTo(CellType.BLANK);
            assertThat(cars.get("未解除预警(条)").getNumericCellValue()).isEqualTo(0);
            assertThat(cars.get("晴雨表").getStringCellValue()).isEqualTo("绿色");
            assertThat(cars.get("含估算数据").getStringCellValue()).isEqualTo("是");
            // deductions: the GB/T 2589 total less the policy total; no progress row: the CO₂ target the registry's
            assertThat(paper.get("本月扣除原料用能和绿电(吨标准煤)").getNumericCellValue()).isEqualTo(1000.5);
            assertThat(paper.get("本年累计扣除原料用能和绿电(吨标准煤)").getNumericCellValue()).isEqualTo(3500.5);
            assertThat(cars.get("本月扣除原料用能和绿电(吨标准煤)").getNumericCellValue()).isEqualTo(0);
            assertThat(paper.get("二氧化碳排放总量目标(吨)").getNumericCellValue()).isEqualTo(1600000);
            assertThat(paper.get("碳排放完成率(%)").getNumericCellValue()).isEqualTo(21.25);
            assertThat(paper.get("碳排放年末预测(吨)").getNumericCellValue()).isEqualTo(1300000);
            assertThat(paper.get("碳排放年末预测占目标(%)").getNumericCellValue()).isEqualTo(81.25);
            assertThat(cars.get("二氧化碳排放总量目标(吨)").getNumericCellValue()).isEqualTo(200000);
            assertThat(cars.get("碳排放完成率(%)").getNumericCellValue()).isEqualTo(17000 / 200000.0 * 100);
            assertThat(cars.get("碳排放年末预测(吨)").getCellType()).isEqualTo(CellType.BLANK);

            Sheet products = wb.getSheet("产品单耗");
            Map<String, Cell> paperProduct = row(products, PAPER);
            assertThat(paperProduct.get("产品").getStringCellValue()).isEqualTo("paper");
            assertThat(paperProduct.get("本月产量(产品计量单位)").getNumericCellValue()).isEqualTo(140000);
            assertThat(paperProduct.get("本年累计产量(产品计量单位)").getNumericCellValue()).isEqualTo(400000);
            assertThat(paperProduct.get("本月单位产品综合能耗(千克标准煤/产品计量单位)").getNumericCellValue())
                    .isEqualTo(321.4);
            assertThat(paperProduct.get("本年累计单位产品综合能耗(千克标准煤/产品计量单位)").getNumericCellValue())
                    .isEqualTo(317);
            assertThat(paperProduct.get("单位产品能耗目标(千克标准煤/产品计量单位)").getNumericCellValue())
                    .isEqualTo(329.6);
            assertThat(paperProduct.get("较基期变化(%,负值为下降)").getNumericCellValue()).isEqualTo(-0.9375);
            assertThat(paperProduct.get("节能量GB/T 13234(吨标准煤,负值为节约)").getNumericCellValue())
                    .isEqualTo(-1200);
            Map<String, Cell> carProduct = row(products, CARS);
            assertThat(carProduct.get("本月产量(产品计量单位)").getNumericCellValue()).isEqualTo(50000);
            assertThat(carProduct.get("单位产品能耗目标(千克标准煤/产品计量单位)").getNumericCellValue())
                    .isEqualTo(133.9);
            assertThat(carProduct.get("基期单位产品综合能耗(千克标准煤/产品计量单位)").getNumericCellValue())
                    .isEqualTo(130);
            assertThat(carProduct.get("单位产品碳排放目标(千克二氧化碳/产品计量单位)").getCellType()).isEqualTo(CellType.BLANK);
            assertThat(paperProduct.get("单位产品碳排放目标(千克二氧化碳/产品计量单位)").getNumericCellValue())
                    .isEqualTo(870);
            assertThat(paperProduct.get("与碳排放目标差(%,正值为高于目标)").getNumericCellValue())
                    .isEqualTo(-2.3);

            // the province total is the job's province row; the tiers without region rows are their units' sums
            Sheet byTier = wb.getSheet("汇总-按梯队");
            List<List<Object>> tiers = values(byTier);
            assertThat(tiers).hasSize(4);
            assertThat(tiers.get(0).subList(0, 4)).containsExactly("hundred", "百家", 0.0, null);
            assertThat(tiers.get(1).subList(0, 4)).containsExactly("thousand", "千家", 1.0, 45000.5);
            assertThat(tiers.get(2).subList(0, 4)).containsExactly("ten-thousand", "万家", 1.0, 6500.0);
            assertThat(tiers.get(3).subList(0, 8))
                    .containsExactly("420000", "合计 湖北省", 2.0, 51500.5, 60000.25, 50500.0, 137000.0, 134000.5);
            int colour = headings(byTier).indexOf("黄色单位(家)");
            assertThat(tiers.get(3).get(colour)).isEqualTo(1.0);
            assertThat(tiers.get(3).get(colour - 1)).isEqualTo(1.0);

            // a division: its month from the job's city row, the rest from its units; its own alert sets its colour
            Sheet byDivision = wb.getSheet("汇总-按市州");
            List<String> h = headings(byDivision);
            List<List<Object>> cities = values(byDivision);
            assertThat(cities).extracting(c -> c.get(0)).containsExactly("420100", "420500", "420000");
            List<Object> yichang = cities.get(1);
            assertThat(yichang.subList(0, 4)).containsExactly("420500", "宜昌市", 1.0, 45000.5);
            assertThat(yichang.get(h.indexOf("本年累计综合能耗当量值(吨标准煤)"))).isEqualTo(127500.5);
            assertThat(yichang.get(h.indexOf("能耗总量上限(吨标准煤)"))).isEqualTo(667000.0);
            assertThat(yichang.get(h.indexOf("年末预测占上限(%)"))).isEqualTo(520000 / 667000.0 * 100);
            assertThat(yichang.get(h.indexOf("未解除预警(条)"))).isEqualTo(2.0);
            assertThat(yichang.get(h.indexOf("晴雨表"))).isEqualTo("黄色");
            List<Object> wuhan = cities.get(0);
            assertThat(wuhan.get(h.indexOf("年末预测占上限(%)"))).isNull();
            assertThat(wuhan.get(h.indexOf("晴雨表"))).isEqualTo("绿色");

            // 万家 grouped by city with a subtotal
            List<List<Object>> tenThousand = values(wb.getSheet("万家(按市州)"));
            assertThat(tenThousand).hasSize(3);
            assertThat(tenThousand.get(0).subList(0, 7))
                    .containsExactly("单位", "420100", "武汉市", CARS, "武汉沌口汽车制造有限公司", "C36", 6500.0);
            assertThat(tenThousand.get(1).subList(0, 7))
                    .containsExactly("小计", "420100", "武汉市", null, "武汉市 小计", null, 6500.0);
            assertThat(tenThousand.get(2).get(0)).isEqualTo("合计");

            // alerts of March only, with Chinese labels
            List<List<Object>> alerts = values(wb.getSheet("本月预警"));
            assertThat(alerts).extracting(a -> a.get(1)).containsExactly("a1", "b1", "b1", "c1");
            assertThat(alerts.get(0).subList(0, 9))
                    .containsExactly(
                            "2026-03-05 01:00:00", "a1", 2.0, "更新", "未解除", "预警", "total.pace", PAPER, "宜昌夷陵纸业有限公司");
            assertThat(alerts.get(1).get(7)).isEqualTo(CARS + "/GW01");
            assertThat(alerts.get(3).subList(7, 10)).containsExactly("city:420500", "宜昌市", "420500");

            assertThat(values(wb.getSheet("说明"))).contains(List.of("考核月份", "2026-03"), List.of("数据状态", "月度数据"));

            // data quality: March's two days of the paper mill's gateway; the car plant's four hours down
            Sheet quality = wb.getSheet("数据质量");
            List<String> qh = headings(quality);
            assertThat(qh.subList(0, 16))
                    .containsExactly(
                            "市州代码",
                            "市州",
                            "统一社会信用代码",
                            "单位名称",
                            "网关",
                            "已判定天数(天)",
                            "应有数据时段(个)",
                            "有数据时段(个)",
                            "数据完整率(%)",
                            "离线时长(小时)",
                            "报备时段",
                            "报备时长(小时)",
                            "接收读数(条)",
                            "拒收读数(条)",
                            "整报文拒收(条)",
                            "拒收-报文过大(条)");
            assertThat(qh)
                    .contains("拒收-读数冲突(条)", "拒收-未登记测点(条)")
                    .hasSize(15 + dcmon.core.reading.RejectReason.values().length);
            List<List<Object>> q = values(quality);
            assertThat(q).hasSize(3);
            // without Kafka (--kafka off) the 报备 cells are empty
            assertThat(q.get(0).subList(0, 15))
                    .containsExactly(
                            "420500",
                            "宜昌市",
                            PAPER,
                            "宜昌夷陵纸业有限公司",
                            "GW01",
                            2.0,
                            384.0,
                            372.0,
                            96.875,
                            null,
                            null,
                            null,
                            390.0,
                            3.0,
                            1.0);
            assertThat(q.get(0).get(qh.indexOf("拒收-读数冲突(条)"))).isEqualTo(2.0);
            assertThat(q.get(0).get(qh.indexOf("拒收-未登记测点(条)"))).isEqualTo(1.0);
            assertThat(q.get(0).get(qh.indexOf("拒收-迟到超限(条)"))).isEqualTo(0.0);
            assertThat(q.get(1).subList(0, 15))
                    .containsExactly(
                            "420100",
                            "武汉市",
                            CARS,
                            "武汉沌口汽车制造有限公司",
                            "GW01",
                            0.0,
                            0.0,
                            0.0,
                            null,
                            4.0,
                            null,
                            null,
                            0.0,
                            0.0,
                            0.0);
            assertThat(q.get(2).subList(0, 15))
                    .containsExactly(
                            null, null, null, "合计 湖北省", null, 2.0, 384.0, 372.0, 96.875, 4.0, null, null, 390.0, 3.0,
                            1.0);
            assertThat(wb.getFontAt(quality.getRow(4).getCell(3).getCellStyle().getFontIndex())
                            .getBold())
                    .isTrue();
            assertThat(row(units, PAPER).get("数据完整率(%)").getNumericCellValue()).isEqualTo(96.875);
            assertThat(row(units, CARS).get("数据完整率(%)").getCellType()).isEqualTo(CellType.BLANK);
        }

        byte[] csv = Files.readAllBytes(r.dir().resolve("units.csv"));
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        List<String> lines = csvLines(r.dir().resolve("units.csv"));
        assertThat(lines.get(0)).startsWith("统一社会信用代码,单位名称,市州代码,市州,梯队,行业代码,本月综合能耗当量值(吨标准煤),");
        assertThat(lines.get(1))
                .startsWith(
                        PAPER + ",宜昌夷陵纸业有限公司,420500,宜昌市,千家,C22,45000.5,52000.25,44000,120000,127500.5,150000,124000,"
                                + "340000,1000.5,3500.5,gbt2589,667000,19.115,24.6575,-5.5425,520000,77.96,-1200,节约,1600000,21.25,"
                                + "1300000,81.25,96.875,1,黄色,2026-03-31,否,否");
        assertThat(lines).hasSize(3);
    }

    @Test
    void englishCsvHasStableSnakeCaseHeadingsAndTheManifestTheChecksums() throws Exception {
        MonthlyExport.Result r = export("2026-03", null, "en", APRIL, null);
        assertThat(r.dir()).isEqualTo(out.resolve("2026-03-en"));
        assertThat(csvLines(r.dir().resolve("units.csv")).get(0))
                .isEqualTo("credit_code,name,city,city_name,tier,industry,month_tce,month_tce_equal_value,"
                        + "month_tce_policy,month_tco2,ytd_tce,ytd_tce_equal_value,ytd_tce_policy,ytd_tco2,"
                        + "month_deduction_tce,ytd_deduction_tce,cap_basis,"
                        + "cap_tce,completion_pct,time_pct,pace_gap_pp,projected_tce,projected_pct,"
                        + "energy_change_vs_base_tce,energy_change_sense,co2_cap_t,co2_completion_pct,co2_projected_t,"
                        + "co2_projected_pct,data_completeness_pct,open_alerts,barometer,"
                        + "progress_as_of,"
                        + "estimated,provisional");
        assertThat(csvLines(r.dir().resolve("units.csv")).get(1))
                .contains(",thousand,C22,45000.5,")
                .endsWith(",saved,1600000,21.25,1300000,81.25,96.875,1,yellow,2026-03-31,false,false");
        // one column per reason code, in the order of RejectReason
        assertThat(csvLines(r.dir().resolve("data_quality.csv")))
                .containsExactly(
                        "city,city_name,credit_code,name,gateway,days_judged,expected_slots,covered_slots,"
                                + "completeness_pct,offline_hours,maintenance_windows,maintenance_hours,received,rejected,"
                                + "rejected_messages," + reasons(code -> "rejected_" + code),
                        "420500,宜昌市," + PAPER + ",宜昌夷陵纸业有限公司,GW01,2,384,372,96.875,,,,390,3,1,"
                                + reasons(code ->
                                        code.equals("conflict") ? "2" : code.equals("unknown_point") ? "1" : "0"),
                        "420100,武汉市," + CARS + ",武汉沌口汽车制造有限公司,GW01,0,0,0,,4,,,0,0,0," + reasons(code -> "0"),
                        "\"\",,,total province 420000,,2,384,372,96.875,4,,,390,3,1,"
                                + reasons(code ->
                                        code.equals("conflict") ? "2" : code.equals("unknown_point") ? "1" : "0"));
        assertThat(reasons(code -> code)).startsWith("oversized,bad_topic,").contains(",unknown_point,", ",conflict");
        assertThat(csvLines(r.dir().resolve("products.csv")).get(0))
                .isEqualTo("credit_code,name,product,product_unit,month_output,ytd_output,month_kgce_per_unit,"
                        + "ytd_kgce_per_unit,target_kgce_per_unit,target_gap_pct,base_year,base_kgce_per_unit,"
                        + "change_vs_base_pct,energy_change_vs_base_tce,energy_change_sense,ytd_kgco2_per_unit,"
                        + "co2_target_kgco2_per_unit,co2_target_gap_pct");
        assertThat(csvLines(r.dir().resolve("products.csv")).get(1)).endsWith(",-1200,saved,850,870,-2.3");
        assertThat(csvLines(r.dir().resolve("summary_by_tier.csv")).get(0))
                .isEqualTo("region_code,region_name,units,month_tce,month_tce_equal_value,month_tce_policy,"
                        + "month_tco2,ytd_tce,ytd_tce_policy,cap_tce,completion_pct,time_pct,projected_tce,"
                        + "projected_pct,units_green,units_yellow,units_red,open_alerts,barometer");
        assertThat(csvLines(r.dir().resolve("alerts.csv")).get(0))
                .isEqualTo("time,alert_id,seq,event,state,severity,rule,subject_code,subject_name,city,period,"
                        + "value,threshold,message,review_status,reviewed_by,reviewed_at");
        assertThat(csvLines(r.dir().resolve("tier_ten_thousand.csv")).get(0)).startsWith("row_type,city,city_name,");

        JsonNode manifest =
                new ObjectMapper().readTree(r.dir().resolve("manifest.json").toFile());
        assertThat(manifest.get("schema").asText()).isEqualTo("dcmon.export/1");
        assertThat(manifest.get("month").asText()).isEqualTo("2026-03");
        assertThat(manifest.get("lang").asText()).isEqualTo("en");
        assertThat(manifest.get("provisional").asBoolean()).isFalse();
        List<String> listed = new ArrayList<>();
        for (JsonNode f : manifest.get("files")) {
            byte[] bytes = Files.readAllBytes(r.dir().resolve(f.get("name").asText()));
            assertThat(f.get("sha256").asText()).isEqualTo(ExportWriter.sha256(bytes));
            assertThat(f.get("bytes").asInt()).isEqualTo(bytes.length);
            listed.add(f.get("name").asText());
        }
        List<String> onDisk = new ArrayList<>(names(r.dir()));
        onDisk.remove("manifest.json");
        assertThat(listed).isEqualTo(onDisk);
        try (XSSFWorkbook wb = workbook(r.dir().resolve("assessment-2026-03-province-en.xlsx"))) {
            assertThat(headings(wb.getSheet("units"))).startsWith("credit_code", "name", "city");
        }
    }

    @Test
    void aMonthNotOverIsMarkedProvisional() throws Exception {
        MonthlyExport.Result r = export("2026-03", null, null, MID_MARCH, null);
        assertThat(r.assessment().provisional()).isTrue();
        JsonNode manifest =
                new ObjectMapper().readTree(r.dir().resolve("manifest.json").toFile());
        assertThat(manifest.get("provisional").asBoolean()).isTrue();
        assertThat(manifest.get("as_of").asText()).isEqualTo("2026-03-31");
        try (XSSFWorkbook wb = workbook(r.dir().resolve("assessment-2026-03-province.xlsx"))) {
            assertThat(values(wb.getSheet("说明"))).contains(List.of("数据状态", "临时数据（本月尚未结束，截至 2026-03-31）"));
            assertThat(wb.getSheet("单位月度及累计").getRow(0).getCell(0).getStringCellValue())
                    .endsWith(" · 临时数据（本月尚未结束，截至 2026-03-31）");
            assertThat(row(wb.getSheet("单位月度及累计"), PAPER).get("临时数据").getStringCellValue())
                    .isEqualTo("是");
            // offline hours up to now: the silence of the 10th only
            Sheet quality = wb.getSheet("数据质量");
            assertThat(values(quality).get(1).get(headings(quality).indexOf("离线时长(小时)")))
                    .isEqualTo(2.0);
        }
    }

    @Test
    void aCityScopeKeepsItsUnitsItsAlertsAndItsRegionRows() throws Exception {
        MonthlyExport.Result r = export("2026-03", "city:420500", null, APRIL, null);
        assertThat(r.dir()).isEqualTo(out.resolve("2026-03-city-420500"));
        assertThat(names(r.dir())).contains("tier_thousand.csv").doesNotContain("tier_ten_thousand.csv");
        try (XSSFWorkbook wb = workbook(r.dir().resolve("assessment-2026-03-city-420500.xlsx"))) {
            List<List<Object>> units = values(wb.getSheet("单位月度及累计"));
            assertThat(units).extracting(u -> u.get(0)).containsExactly(PAPER);
            List<List<Object>> divisions = values(wb.getSheet("汇总-按市州"));
            assertThat(divisions).hasSize(2);
            assertThat(divisions.get(0).subList(0, 4)).containsExactly("420500", "宜昌市", 1.0, 45000.5);
            assertThat(divisions.get(1).subList(0, 4)).containsExactly("420500", "合计 宜昌市", 1.0, 45000.5);
            int barometer = headings(wb.getSheet("汇总-按市州")).indexOf("晴雨表");
            assertThat(divisions.get(0).get(barometer)).isEqualTo("黄色");
            List<List<Object>> alerts = values(wb.getSheet("本月预警"));
            assertThat(alerts).extracting(a -> a.get(1)).containsExactly("a1", "c1");
        }
        List<String> tierLines = csvLines(r.dir().resolve("summary_by_tier.csv"));
        assertThat(tierLines).hasSize(3);
        assertThat(tierLines.get(1)).startsWith("thousand,千家,1,45000.5,");

        MonthlyExport.Result tier = export("2026-03", "tier:ten-thousand", "en", APRIL, null);
        assertThat(csvLines(tier.dir().resolve("units.csv")))
                .hasSize(2)
                .last()
                .asString()
                .startsWith(CARS + ",");
        assertThat(csvLines(tier.dir().resolve("alerts.csv"))).hasSize(3);
    }

    @Test
    void aRerunWritesTheSameBytesAndReplacesTheDirectoryWhole() throws Exception {
        MonthlyExport.Result first = export("2026-03", null, null, APRIL, out.resolve("one"));
        Map<String, byte[]> firstFiles = read(first.dir());
        Thread.sleep(1100); // a later second must not show in the workbook
        MonthlyExport.Result second = export("2026-03", null, null, APRIL, out.resolve("two"));
        Map<String, byte[]> secondFiles = read(second.dir());
        assertThat(secondFiles.keySet()).isEqualTo(firstFiles.keySet());
        firstFiles.forEach(
                (name, bytes) -> assertThat(secondFiles.get(name)).as(name).isEqualTo(bytes));

        Files.writeString(first.dir().resolve("stale.txt"), "left from before");
        MonthlyExport.Result again = export("2026-03", null, null, APRIL, out.resolve("one"));
        assertThat(read(again.dir()).keySet()).isEqualTo(firstFiles.keySet());
        assertThat(names(out)).containsExactly("one", "two");
    }

    @Test
    void mistakesGiveAPlainMessage() {
        assertThatThrownBy(() -> export("2026-3", null, null, APRIL, null))
                .isInstanceOf(ExportException.class)
                .hasMessage("bad month '2026-3': use YYYY-MM, e.g. 2026-03");
        assertThatThrownBy(() -> export("2026-05", null, null, APRIL, null))
                .isInstanceOf(ExportException.class)
                .hasMessage("month 2026-05 has not begun (Asia/Shanghai)");
        assertThatThrownBy(() -> export("2026-03", "city:999999", null, APRIL, null))
                .isInstanceOf(ExportException.class)
                .hasMessageStartingWith("unknown division '999999'");
        assertThatThrownBy(() -> export("2026-03", "county:1", null, APRIL, null))
                .isInstanceOf(ExportException.class)
                .hasMessageStartingWith("unknown scope 'county:1'");
        assertThatThrownBy(() -> export("2026-03", null, "fr", APRIL, null))
                .isInstanceOf(ExportException.class)
                .hasMessageStartingWith("unknown language 'fr'");
        MonthlyExport.Options nowhere = options("2026-03", null, null, null, "http://127.0.0.1:" + freePort(), "dcmon");
        assertThatThrownBy(() -> MonthlyExport.run(nowhere, APRIL, (d, t, w) -> {}))
                .isInstanceOf(ExportException.class)
                .hasMessageStartingWith("cannot reach InfluxDB at http://127.0.0.1:");
        MonthlyExport.Options o = options("2026-03", null, null, null, influxd.url(), "dcmon");
        MonthlyExport.Options noKafka = new MonthlyExport.Options(
                o.month(),
                o.scope(),
                o.lang(),
                o.influxUrl(),
                o.database(),
                o.registry(),
                o.reference(),
                o.alerts(),
                o.root(),
                o.out(),
                "127.0.0.1:" + freePort());
        assertThatThrownBy(() -> MonthlyExport.run(noKafka, APRIL, (d, t, w) -> {}))
                .isInstanceOf(ExportException.class)
                .hasMessageStartingWith("cannot read the review states and 报备 windows from Kafka at 127.0.0.1:")
                .hasMessageEndingWith("or --kafka off to export without them");
        MonthlyExport.Options noDatabase = options("2026-03", null, null, null, influxd.url(), "other");
        assertThatThrownBy(() -> MonthlyExport.run(noDatabase, APRIL, (d, t, w) -> {}))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("has no database 'other'");
    }

    // ---- helpers

    MonthlyExport.Result export(String month, String scope, String lang, Clock clock, Path dir) throws ExportException {
        List<Integer> steps = new ArrayList<>();
        MonthlyExport.Result r = MonthlyExport.run(
                options(month, scope, lang, dir, influxd.url(), "dcmon"),
                clock,
                (done, total, what) -> steps.add(done));
        assertThat(steps).isSorted().endsWith(steps.get(steps.size() - 1));
        return r;
    }

    MonthlyExport.Options options(String month, String scope, String lang, Path dir, String url, String db) {
        return new MonthlyExport.Options(
                month,
                scope,
                lang == null ? "zh" : lang,
                url,
                db,
                registry,
                HOME.resolve("config/reference"),
                HOME.resolve("config/alerts.yaml"),
                out,
                dir);
    }

    /** One cell per reject reason, in the order of the data-quality sheet's columns. */
    static String reasons(java.util.function.Function<String, String> cell) {
        List<String> cells = new ArrayList<>();
        for (dcmon.core.reading.RejectReason r : dcmon.core.reading.RejectReason.values())
            cells.add(cell.apply(r.code()));
        return String.join(",", cells);
    }

    static long day(int y, int m, int d) {
        return ShanghaiCalendar.startOf(LocalDate.of(y, m, d));
    }

    static String alertTags(String enterprise, String city, String tier) {
        return ",enterprise=" + enterprise + ",city=" + city + ",tier=" + tier;
    }

    static void post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(influxd.url() + path))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    static int freePort() {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Map<String, byte[]> read(Path dir) throws IOException {
        Map<String, byte[]> m = new java.util.TreeMap<>();
        for (String n : names(dir)) m.put(n, Files.readAllBytes(dir.resolve(n)));
        return m;
    }

    static List<String> csvLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        return List.of(text.split("\r\n"));
    }

    static XSSFWorkbook workbook(Path file) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    static List<String> sheetNames(XSSFWorkbook wb) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < wb.getNumberOfSheets(); i++) names.add(wb.getSheetName(i));
        return names;
    }

    static List<String> headings(Sheet sheet) {
        List<String> h = new ArrayList<>();
        for (Cell c : sheet.getRow(1)) h.add(c.getStringCellValue());
        return h;
    }

    /** Cells of the first data row whose first cell is {@code key}, by heading. */
    static Map<String, Cell> row(Sheet sheet, String key) {
        List<String> h = headings(sheet);
        for (int r = 2; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            if (key.equals(row.getCell(0).getStringCellValue())) {
                Map<String, Cell> m = new java.util.LinkedHashMap<>();
                for (int c = 0; c < h.size(); c++) m.put(h.get(c), row.getCell(c));
                return m;
            }
        }
        throw new AssertionError("no row " + key);
    }

    /** The data rows: numbers as Double, text as String, empty cells as null. */
    static List<List<Object>> values(Sheet sheet) {
        int width = sheet.getRow(1).getLastCellNum();
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 2; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            List<Object> cells = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                Cell cell = row.getCell(c);
                cells.add(
                        cell == null || cell.getCellType() == CellType.BLANK
                                ? null
                                : cell.getCellType() == CellType.NUMERIC
                                        ? (Object) cell.getNumericCellValue()
                                        : cell.getStringCellValue());
            }
            rows.add(cells);
        }
        return rows;
    }
}
