-- Usage figures from the kiosks (torget_common::usage): per kiosk, day, service, language and
-- counter, the largest value the kiosk has sent. Counters only grow, so a send repeated or
-- answered late never counts twice. Nothing in a row can name a visitor.
CREATE TABLE usage (
    kiosk    TEXT NOT NULL REFERENCES kiosks (name),
    day      TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    service  TEXT NOT NULL,
    lang     TEXT NOT NULL,
    counter  TEXT NOT NULL,
    value    INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (kiosk, day, service, lang, counter)
) STRICT, WITHOUT ROWID;

CREATE INDEX usage_day ON usage (day);
