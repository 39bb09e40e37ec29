"""Knowledge: what the bot knows and stores.

``storage`` (database, migrations, unit of work, conversations, outbox), ``places``
(the administrative-unit map and service centres), ``procedures`` (the catalogue and
the national-portal importer), ``dossiers`` (dossier status sources) and the files
that feed them (``catalogue``, ``data_files``). Seed data lives in ``DATA_DIR``.
"""

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
