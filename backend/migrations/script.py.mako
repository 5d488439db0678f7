"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa

import backend.core.db
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    # A new sa.Enum makes a PostgreSQL type that outlives its table: drop it here too, e.g.
    # sa.Enum(name="<its name>").drop(op.get_bind(), checkfirst=True)
    ${downgrades if downgrades else "pass"}
