//! Money: exact decimals (never floats), rounded half-up to the currency's minor units, and
//! written as Wix writes them (strings in eCommerce, numbers in Stores V1).

use rust_decimal::{Decimal, RoundingStrategy, prelude::ToPrimitive};
use serde_json::{Value, json};
use tessera_platform::{WixError, WixResult};

/// A site's currency: its ISO 4217 code, minor units and symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    pub minor: u32,
    pub symbol: &'static str,
}

/// The currencies a store may sell in.
const CURRENCIES: &[Currency] = &[
    Currency {
        code: "USD",
        minor: 2,
        symbol: "$",
    },
    Currency {
        code: "EUR",
        minor: 2,
        symbol: "€",
    },
    Currency {
        code: "GBP",
        minor: 2,
        symbol: "£",
    },
    Currency {
        code: "CAD",
        minor: 2,
        symbol: "C$",
    },
    Currency {
        code: "AUD",
        minor: 2,
        symbol: "A$",
    },
    Currency {
        code: "NZD",
        minor: 2,
        symbol: "NZ$",
    },
    Currency {
        code: "CHF",
        minor: 2,
        symbol: "CHF ",
    },
    Currency {
        code: "SEK",
        minor: 2,
        symbol: "kr ",
    },
    Currency {
        code: "NOK",
        minor: 2,
        symbol: "kr ",
    },
    Currency {
        code: "DKK",
        minor: 2,
        symbol: "kr. ",
    },
    Currency {
        code: "PLN",
        minor: 2,
        symbol: "zł ",
    },
    Currency {
        code: "CZK",
        minor: 2,
        symbol: "Kč ",
    },
    Currency {
        code: "ILS",
        minor: 2,
        symbol: "₪",
    },
    Currency {
        code: "INR",
        minor: 2,
        symbol: "₹",
    },
    Currency {
        code: "BRL",
        minor: 2,
        symbol: "R$",
    },
    Currency {
        code: "MXN",
        minor: 2,
        symbol: "MX$",
    },
    Currency {
        code: "ZAR",
        minor: 2,
        symbol: "R ",
    },
    Currency {
        code: "SGD",
        minor: 2,
        symbol: "S$",
    },
    Currency {
        code: "HKD",
        minor: 2,
        symbol: "HK$",
    },
    Currency {
        code: "CNY",
        minor: 2,
        symbol: "CN¥",
    },
    Currency {
        code: "JPY",
        minor: 0,
        symbol: "¥",
    },
    Currency {
        code: "KRW",
        minor: 0,
        symbol: "₩",
    },
    Currency {
        code: "CLP",
        minor: 0,
        symbol: "CLP ",
    },
    Currency {
        code: "ISK",
        minor: 0,
        symbol: "kr ",
    },
    Currency {
        code: "KWD",
        minor: 3,
        symbol: "KD ",
    },
    Currency {
        code: "BHD",
        minor: 3,
        symbol: "BD ",
    },
    Currency {
        code: "JOD",
        minor: 3,
        symbol: "JD ",
    },
    Currency {
        code: "OMR",
        minor: 3,
        symbol: "OMR ",
    },
    Currency {
        code: "TND",
        minor: 3,
        symbol: "DT ",
    },
];

impl Currency {
    pub fn parse(code: &str) -> Option<Self> {
        CURRENCIES
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
            .copied()
    }

    /// Rounded half-up (away from zero) to the minor units: 0.125 USD is 0.13.
    pub fn round(&self, amount: Decimal) -> Decimal {
        amount.round_dp_with_strategy(self.minor, RoundingStrategy::MidpointAwayFromZero)
    }

    /// The amount with exactly the minor units' digits: "10.50", "1050", "1.050".
    pub fn text(&self, amount: Decimal) -> String {
        let mut a = self.round(amount);
        a.rescale(self.minor);
        a.to_string()
    }

    /// With the symbol and thousands separated: "$1,050.00", "-¥500".
    pub fn formatted(&self, amount: Decimal) -> String {
        let text = self.text(amount.abs());
        let (whole, cents) = text.split_once('.').unwrap_or((&text, ""));
        let mut grouped = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if amount.is_sign_negative() && !amount.is_zero() {
            "-"
        } else {
            ""
        };
        let cents = if cents.is_empty() {
            String::new()
        } else {
            format!(".{cents}")
        };
        format!("{sign}{}{grouped}{cents}", self.symbol)
    }

    /// eCommerce's `{amount, convertedAmount, formattedAmount, formattedConvertedAmount}`.
    pub fn price(&self, amount: Decimal) -> Value {
        let text = self.text(amount);
        let formatted = self.formatted(amount);
        json!({
            "amount": text,
            "convertedAmount": text,
            "formattedAmount": formatted,
            "formattedConvertedAmount": formatted,
        })
    }

    /// Orders' and payments' `{amount, formattedAmount}`.
    pub fn order_price(&self, amount: Decimal) -> Value {
        json!({ "amount": self.text(amount), "formattedAmount": self.formatted(amount) })
    }

    /// Stores V1's numbers.
    pub fn number(&self, amount: Decimal) -> Value {
        let a = self.round(amount);
        match a.to_i64() {
            Some(i) if a.fract().is_zero() => json!(i),
            _ => json!(a.to_f64().unwrap_or_default()),
        }
    }
}

/// An amount from JSON: a number (Stores V1) or a decimal string (eCommerce). Numbers are
/// read by their shortest decimal form, so 19.99 is 19.99 exactly.
pub fn amount(v: &Value, field: &str) -> WixResult<Option<Decimal>> {
    let text = match v {
        Value::Null => return Ok(None),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => {
            return Err(WixError::bad_request(format!(
                "{field}: must be a number or a decimal string"
            )));
        }
    };
    let parsed = text
        .parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|_| WixError::bad_request(format!("{field}: '{text}' is not an amount")))?;
    if parsed.is_sign_negative() && !parsed.is_zero() {
        return Err(WixError::bad_request(format!(
            "{field}: may not be negative"
        )));
    }
    if parsed > Decimal::from(1_000_000_000_000i64) {
        return Err(WixError::bad_request(format!(
            "{field}: at most 1,000,000,000,000"
        )));
    }
    Ok(Some(parsed.normalize()))
}

/// A stored amount (as written by this module), zero when absent.
pub fn stored(v: &Value) -> Decimal {
    amount(v, "").ok().flatten().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounds_half_up_to_each_currencys_units() {
        let usd = Currency::parse("usd").unwrap();
        let jpy = Currency::parse("JPY").unwrap();
        let kwd = Currency::parse("KWD").unwrap();
        for (c, input, out) in [
            (usd, "0.125", "0.13"),
            (usd, "0.124", "0.12"),
            (usd, "2.675", "2.68"),
            (usd, "10", "10.00"),
            (jpy, "1234.5", "1235"),
            (jpy, "1234.49", "1234"),
            (kwd, "1.0005", "1.001"),
            (kwd, "1.0004", "1.000"),
        ] {
            assert_eq!(c.text(d(input)), out, "{} {input}", c.code);
        }
    }

    #[test]
    fn formats_with_symbol_and_groups() {
        let usd = Currency::parse("USD").unwrap();
        assert_eq!(usd.formatted(d("1234567.5")), "$1,234,567.50");
        assert_eq!(usd.formatted(d("-5")), "-$5.00");
        assert_eq!(usd.formatted(d("999")), "$999.00");
        assert_eq!(
            Currency::parse("JPY").unwrap().formatted(d("1500")),
            "¥1,500"
        );
        assert_eq!(usd.number(d("19.99")), json!(19.99));
        assert_eq!(usd.number(d("20")), json!(20));
    }

    #[test]
    fn reads_numbers_and_strings_exactly() {
        assert_eq!(amount(&json!(19.99), "p").unwrap(), Some(d("19.99")));
        assert_eq!(amount(&json!("0.10"), "p").unwrap(), Some(d("0.1")));
        assert_eq!(amount(&json!(1e2), "p").unwrap(), Some(d("100")));
        assert!(
            amount(&json!(-1), "price")
                .unwrap_err()
                .description()
                .contains("price")
        );
        assert!(amount(&json!("abc"), "price").is_err());
        assert!(amount(&json!(true), "price").is_err());
    }
}
