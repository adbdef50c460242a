package dev.recount.spring;

import dev.recount.spring.shop.ShopApplication;
import org.springframework.boot.test.context.SpringBootTest;

/** The starter over an in-memory H2 data source. */
@SpringBootTest(
    classes = ShopApplication.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:starter;DB_CLOSE_DELAY=-1",
      "recount.table-prefix=shop_"
    })
class H2StarterTest extends StarterContract {}
