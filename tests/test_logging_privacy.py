import logging

from backend.web import DropQueryStrings


def test_access_log_lines_lose_their_query_string():
    request_line = "GET /api/v1/events/nearby?lat=34.1&lng=108.2 HTTP/1.1"
    args = ("127.0.0.1", "now", request_line, "200", "-")
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - [%s] "%s" %s %s', args, None)
    DropQueryStrings().filter(record)
    line = record.getMessage()
    assert "34.1" not in line and "108.2" not in line
    assert "/api/v1/events/nearby" in line


def test_the_filter_is_on_the_servers_access_loggers(app):
    for name in ("werkzeug", "gunicorn.access"):
        assert any(isinstance(f, DropQueryStrings) for f in logging.getLogger(name).filters)
