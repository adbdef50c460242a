package dev.recount.examples.spring;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

/** The example service's metrics and health over an in-memory H2 database of its own. */
@ActiveProfiles("quiet")
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:bank-metrics-test;DB_CLOSE_DELAY=-1",
      "recount.table-prefix=metrics_"
    })
class H2ServiceMetricsTest extends ServiceMetricsContract {}
