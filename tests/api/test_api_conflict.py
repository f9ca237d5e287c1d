"""A conflicting change (someone else posted or edited first) answers HTTP 409, not a generic 400."""

import sqlalchemy as sa
from fastapi.testclient import TestClient

from painrcm.api.app import Settings, create_app
from painrcm.errors import Conflict


def test_conflict_is_409_for_the_api(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    app = create_app(Settings(secret_key="t" * 32), engine=engine)

    @app.get("/api/conflict-probe")
    def probe():
        raise Conflict("claim C1 was changed by someone else; reload it")

    response = TestClient(app).get("/api/conflict-probe")
    assert response.status_code == 409
    assert "reload" in response.json()["detail"]
