DROP TABLE calendar_feeds;
DROP TABLE notifications;
DROP TABLE agenda_entries;
