package dev.recount.spring.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The starter's test service: a cart repository and an orders table of its own. */
@SpringBootApplication
public class ShopApplication {}
