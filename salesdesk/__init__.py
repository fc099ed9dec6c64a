"""SalesDesk: customer cards graded A to F for field salespeople."""

__version__ = "0.1.0"
APP_NAME = "SalesDesk"
ORG_NAME = "SalesDesk"
