import { ApiProperty } from '@nestjs/swagger';

export class StatisticsTotalsDto {
  @ApiProperty({ description: 'Donated images in any moderation state' })
  datasetImages: number;

  @ApiProperty()
  approvedImages: number;

  @ApiProperty()
  pendingImages: number;

  @ApiProperty({ description: 'Labels in the vocabulary (not retired)' })
  labels: number;

  @ApiProperty({ description: 'Image–label pairs with a vocabulary label' })
  pairs: number;

  @ApiProperty({ description: 'Pairs at or over validation.confirmedThreshold' })
  confirmedPairs: number;

  @ApiProperty()
  votes: number;

  @ApiProperty()
  voters: number;

  @ApiProperty()
  openSuggestions: number;
}

/** What both the overview's per-label rows and one label's statistics say about a label. */
class LabelImagesDto {
  @ApiProperty()
  label: string;

  @ApiProperty({ description: 'Images with this label' })
  images: number;

  @ApiProperty({ description: 'Of those, pairs at or over validation.confirmedThreshold' })
  confirmed: number;
}

export class LabelCountDto extends LabelImagesDto {
  @ApiProperty()
  votes: number;
}

export class DayCountDto {
  @ApiProperty({ example: '2026-01-31', description: 'UTC day' })
  day: string;

  @ApiProperty()
  donations: number;

  @ApiProperty()
  votes: number;
}

export class StatisticsDto {
  @ApiProperty({ type: StatisticsTotalsDto })
  totals: StatisticsTotalsDto;

  @ApiProperty({ type: LabelCountDto, isArray: true, description: 'The 50 labels with the most images' })
  perLabel: LabelCountDto[];

  @ApiProperty({ type: DayCountDto, isArray: true, description: 'The last 30 days, oldest first' })
  perDay: DayCountDto[];
}

export class LabelStatisticsDto extends LabelImagesDto {
  @ApiProperty()
  yes: number;

  @ApiProperty()
  no: number;

  @ApiProperty()
  unsure: number;

  @ApiProperty({ description: 'Pairs whose verdict is still uncertain' })
  uncertain: number;
}
