package io.finport.local.reliability;

import java.util.Map;

/**
 * finAPI answers the sandbox's reference client (finapi-sandbox ScenarioFilesTest, which every file in scenarios/ must
 * pass) is not built to survive: malformed JSON, missing fields, unknown updateStatus values, HTML error pages until
 * retries are exhausted. They are registered directly by {@link FinapiFaultsAndLimitsTest} instead of living in
 * scenarios/. Same format as the scenario files (see finapi-sandbox/README.md).
 */
final class BadFinapiAnswers {
    private BadFinapiAnswers() {}

    static final Map<String, String> SCENARIOS = Map.ofEntries(
        Map.entry("fault-connection-missing-fields", """
{
  "name": "fault-connection-missing-fields",
  "description": "finAPI answers every connection poll with HTTP 200 and an empty JSON object (no id, no updateStatus). Outcome FAILED with a reason naming the missing field.",
  "expect": {
    "outcome": "FAILED",
    "warnings": []
  },
  "type": "UPDATE",
  "bankConnection": {
    "bankingInterface": "XS2A",
    "pollsUntilReady": 2,
    "updateResult": {
      "result": "OK"
    }
  },
  "accounts": [
    {
      "accountName": "Girokonto",
      "accountType": "Checking",
      "iban": "DE75512108001245126199",
      "status": "UPDATED",
      "balance": 812.34
    },
    {
      "accountName": "Tagesgeld",
      "accountType": "Savings",
      "iban": "DE12500105170648489890",
      "status": "UPDATED",
      "balance": 15000.5
    }
  ],
  "faults": [
    {
      "request": "GET /api/v2/bankConnections/{id}",
      "status": 200,
      "body": "{}",
      "contentType": "application/json",
      "count": 50
    }
  ]
}
"""),
        Map.entry("fault-html-502-every-poll", """
{
  "name": "fault-html-502-every-poll",
  "description": "A gateway in front of finAPI answers every connection poll with an HTML 502 page. The state machine retries the transient error until its retries are exhausted, then records FAILED with a reason and notifies.",
  "expect": {
    "outcome": "FAILED",
    "warnings": []
  },
  "type": "UPDATE",
  "bankConnection": {
    "bankingInterface": "XS2A",
    "pollsUntilReady": 2,
    "updateResult": {
      "result": "OK"
    }
  },
  "accounts": [
    {
      "accountName": "Girokonto",
      "accountType": "Checking",
      "iban": "DE75512108001245126199",
      "status": "UPDATED",
      "balance": 812.34
    },
    {
      "accountName": "Tagesgeld",
      "accountType": "Savings",
      "iban": "DE12500105170648489890",
      "status": "UPDATED",
      "balance": 15000.5
    }
  ],
  "faults": [
    {
      "request": "GET /api/v2/bankConnections/{id}",
      "status": 502,
      "body": "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
      "contentType": "text/html",
      "count": 200
    }
  ]
}
"""),
        Map.entry("fault-malformed-accounts-json", """
{
  "name": "fault-malformed-accounts-json",
  "description": "The connection finishes, but the account look-up answers HTTP 200 with a body that is not JSON. Outcome FAILED with a reason naming the unreadable answer.",
  "expect": {
    "outcome": "FAILED",
    "warnings": []
  },
  "type": "UPDATE",
  "bankConnection": {
    "bankingInterface": "XS2A",
    "pollsUntilReady": 2,
    "updateResult": {
      "result": "OK"
    }
  },
  "accounts": [
    {
      "accountName": "Girokonto",
      "accountType": "Checking",
      "iban": "DE75512108001245126199",
      "status": "UPDATED",
      "balance": 812.34
    },
    {
      "accountName": "Tagesgeld",
      "accountType": "Savings",
      "iban": "DE12500105170648489890",
      "status": "UPDATED",
      "balance": 15000.5
    }
  ],
  "faults": [
    {
      "request": "GET /api/v2/accounts",
      "status": 200,
      "body": "{\\"accounts\\": [ {\\"id\\": ",
      "contentType": "application/json",
      "count": 50
    }
  ]
}
"""),
        Map.entry("fault-malformed-connection-json", """
{
  "name": "fault-malformed-connection-json",
  "description": "finAPI answers every connection poll with HTTP 200 and a truncated JSON body. The product cannot read it, does not retry a malformed answer, and records FAILED with a reason naming the unreadable answer.",
  "expect": {
    "outcome": "FAILED",
    "warnings": []
  },
  "type": "UPDATE",
  "bankConnection": {
    "bankingInterface": "XS2A",
    "pollsUntilReady": 2,
    "updateResult": {
      "result": "OK"
    }
  },
  "accounts": [
    {
      "accountName": "Girokonto",
      "accountType": "Checking",
      "iban": "DE75512108001245126199",
      "status": "UPDATED",
      "balance": 812.34
    },
    {
      "accountName": "Tagesgeld",
      "accountType": "Savings",
      "iban": "DE12500105170648489890",
      "status": "UPDATED",
      "balance": 15000.5
    }
  ],
  "faults": [
    {
      "request": "GET /api/v2/bankConnections/{id}",
      "status": 200,
      "body": "{\\"id\\": 1, \\"updateStatus\\": ",
      "contentType": "application/json",
      "count": 50
    }
  ]
}
"""),
        Map.entry("fault-unknown-update-status", """
{
  "name": "fault-unknown-update-status",
  "description": "finAPI answers every connection poll with an updateStatus it does not define (PAUSED_BY_BANK). The product keeps polling until its deadline and records TIMED_OUT with a reason; the execution never hangs.",
  "expect": {
    "outcome": "TIMED_OUT",
    "warnings": []
  },
  "type": "UPDATE",
  "bankConnection": {
    "bankingInterface": "XS2A",
    "pollsUntilReady": 2,
    "updateResult": {
      "result": "OK"
    }
  },
  "accounts": [
    {
      "accountName": "Girokonto",
      "accountType": "Checking",
      "iban": "DE75512108001245126199",
      "status": "UPDATED",
      "balance": 812.34
    },
    {
      "accountName": "Tagesgeld",
      "accountType": "Savings",
      "iban": "DE12500105170648489890",
      "status": "UPDATED",
      "balance": 15000.5
    }
  ],
  "faults": [
    {
      "request": "GET /api/v2/bankConnections/{id}",
      "status": 200,
      "body": "{\\"id\\": 1, \\"updateStatus\\": \\"PAUSED_BY_BANK\\", \\"categorizationStatus\\": \\"READY\\", \\"accountIds\\": [], \\"interfaces\\": []}",
      "contentType": "application/json",
      "count": 200
    }
  ]
}
""")
    );
}
