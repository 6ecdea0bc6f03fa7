import { h } from '../dom';
import type { View } from '../main';
import { keptUploader } from '../uploader';

export const renderUpload: View = (root, _params, query) => {
  const uploader = keptUploader('upload', { preselectDossier: query.get('dossier_id') ?? undefined });
  root.append(
    h('h1', null, 'Déposer des documents'),
    h(
      'p',
      { class: 'lead' },
      'Déposez les pièces d\u2019un dossier : actes, compromis, pièces d\u2019identité, Kbis, RIB, diagnostics… ',
      'Chaque fichier est lu, classé, analysé et vérifié ; suivez l\u2019avancement ci-dessous.',
    ),
    uploader.element,
  );
};
