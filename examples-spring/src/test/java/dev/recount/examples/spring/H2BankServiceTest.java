package dev.recount.examples.spring;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

/** The example service over an in-memory H2 database of its own. */
@ActiveProfiles("quiet")
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:bank-service-test;DB_CLOSE_DELAY=-1",
      "recount.table-prefix=bank_"
    })
class H2BankServiceTest extends BankServiceContract {}
